"""A QR code drawn as vector squares in a ReportLab story (sharp at any print size)."""

import segno
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


class QRCode(Flowable):
    def __init__(self, data, size):
        super().__init__()
        self.code = segno.make(data, error="m", micro=False)
        self.size = size

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self):
        rows = [list(row) for row in self.code.matrix_iter(scale=1, border=QUIET_ZONE)]
        cell = self.size / len(rows)
        canvas = self.canv
        canvas.setFillColorRGB(0, 0, 0)
        for y, row in enumerate(rows):
            for start, length in _dark_runs(row):
                canvas.rect(start * cell, self.size - (y + 1) * cell, length * cell, cell,
                            stroke=0, fill=1)


def _dark_runs(row):
    """(start, length) of each horizontal run of dark modules: far fewer rectangles to draw."""
    start = None
    for x, dark in enumerate([*row, 0]):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            yield start, x - start
            start = None
