"""The admin console (`python -m app admin`): hall monitor, configuration, appraisal, reports,
audit log; admin role only."""
