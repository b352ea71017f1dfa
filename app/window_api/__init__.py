"""The local HTTP API of the windows' business systems (一窗受理系统): no Qt; it runs the
command table's own commands on the hall's thread."""
