from app.config import Config
from app.net.embedded import EmbeddedHall
from app.devices.keypad.driver import KeypadDriver
from app.devices.keypad.simulator import KeypadSimulator
from app.ui.kiosk import KioskScreen
from app.ui.display import LobbyDisplay
from app.ui.counter import ClerkWorkstation
from app.ui.keypad_sim_panel import SimulatedKeypadPanel
def test_x(qtbot, tmp_path):
    hall = EmbeddedHall(Config(), data_dir=tmp_path); hall.start()
    v = "D"
    if v == "A":
        sim = KeypadSimulator.on_tcp().start(); d = KeypadDriver(sim.url, [1]); d.start(); d.stop(); sim.close()
    if v == "B":
        k = KioskScreen(hall.kiosk(), None); k.client.open(); qtbot.waitUntil(lambda: k.client.is_connected)
    if v == "C":
        k = LobbyDisplay(hall.display(), None); k.client.open(); qtbot.waitUntil(lambda: k.client.is_connected)
    if v == "D":
        w = ClerkWorkstation(1, lambda a, b: hall.counter(1, a, b))
    hall.stop()
