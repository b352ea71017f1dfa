"""Qt widgets: kiosk, counter, display, admin, counter screen."""
