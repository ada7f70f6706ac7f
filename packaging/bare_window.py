"""A bare PySide6 window: the yardstick for bundle size and frozen start-up.

`pyinstaller build.spec -- --bare` bundles it with the same lean rules as the toolkit
(tools/bundle_size.py, bench/bench_frozen.py). With TOOLKIT_EXIT_WHEN_SHOWN set it prints
the clock once the window is shown and quits, like the toolkit does.
"""

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("hello"))
    window.resize(1100, 720)
    window.show()
    if os.environ.get("TOOLKIT_EXIT_WHEN_SHOWN"):
        print(f"shown {time.time():.6f}", flush=True)
        QTimer.singleShot(0, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
