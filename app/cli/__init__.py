"""The command line's commands, by what they work on: app/__main__.py builds the parser
(``build_parser``) and runs the handler a command names. Each handler imports what it needs
when it runs, so that `verify`, `report` and the other tools start without Qt."""
