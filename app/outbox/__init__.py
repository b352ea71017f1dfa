"""The hall's outbox and its senders: 好差评 uploads to the province, the hall's records to
the city's appraisal database (no Qt; below the queue engine, above the models)."""
