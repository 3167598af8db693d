"""The photo area of the viewer: fit to the window (never more than 2× the photo's own size,
so small photos stay sharp), or 100 % (one photo pixel per screen pixel) with panning by
dragging and by the scroll bars. The mouse wheel asks for the previous/next photo."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPixmap, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QWidget

from clipview.gui.errors import reported

MAX_UPSCALE = 2.0
_WHEEL_NOTCH = 120  # angleDelta of one wheel notch; touchpads send smaller steps


class ImageView(QScrollArea):
    """Shows one pixmap; ``natural`` is the photo's real size in pixels."""

    wheelStep = Signal(int)          # -1 previous, +1 next
    doubleClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)   # the viewer gives it the keyboard
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidgetResizable(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 120)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.setWidget(self.label)
        self.actual_size = False
        self._source: QPixmap | None = None
        self._natural: QSize | None = None
        self._message = ""
        self._wheel_rest = 0
        self._drag_from: QPoint | None = None
        self._apply_scroll_policy()

    def set_photo(self, source: QPixmap | None, natural: QSize | None,
                  message: str = "") -> None:
        """Show ``source`` (any decode of the photo) laid out for a photo of ``natural``
        pixels; without a pixmap, show ``message`` instead."""
        self._source, self._natural = source, natural
        self._message = message
        self.relayout()

    def set_actual_size(self, actual: bool) -> None:
        if actual == self.actual_size:
            return
        self.actual_size = actual
        self._apply_scroll_policy()
        self.relayout()
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().maximum() // 2)
        self.verticalScrollBar().setValue(self.verticalScrollBar().maximum() // 2)

    def source_size(self) -> QSize:
        """The size in pixels of the decode being shown (empty while there is none)."""
        return self._source.size() if self._source is not None else QSize()

    def natural_size(self) -> QSize:
        """The photo's real size: as told, else that of the decode."""
        if self._natural is not None and not self._natural.isEmpty():
            return self._natural
        return self.source_size()

    def shown_size(self) -> QSize:
        """The size in device-independent pixels at which the photo is painted now."""
        pixmap = self.label.pixmap()
        if self._source is None or pixmap.isNull():
            return QSize()
        return pixmap.deviceIndependentSize().toSize()

    def relayout(self) -> None:
        if self._source is None or self._source.isNull():
            self.label.setPixmap(QPixmap())
            self.label.setText(self._message)
            self.label.resize(self.viewport().size())
            return
        ratio = self.devicePixelRatioF()
        target = self._target_size(ratio)
        device = QSize(round(target.width() * ratio), round(target.height() * ratio))
        if device == self._source.size():
            shown = QPixmap(self._source)  # exact pixels: no resampling at all
        else:
            shown = self._source.scaled(device, Qt.AspectRatioMode.IgnoreAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation)
        shown.setDevicePixelRatio(ratio)
        self.label.setPixmap(shown)
        self.label.resize(target)

    def _target_size(self, ratio: float) -> QSize:
        """Logical size: 100 % = one photo pixel per device pixel; fit = as large as the
        viewport allows, but at most MAX_UPSCALE × the photo's own size."""
        natural = self.natural_size()
        width, height = natural.width() / ratio, natural.height() / ratio
        if not self.actual_size:
            room = self.viewport().size()
            scale = min(room.width() / width, room.height() / height, MAX_UPSCALE)
            width, height = width * scale, height * scale
        return QSize(max(1, round(width)), max(1, round(height)))

    def _apply_scroll_policy(self) -> None:
        policy = (Qt.ScrollBarPolicy.ScrollBarAsNeeded if self.actual_size
                  else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(policy)
        self.setVerticalScrollBarPolicy(policy)
        cursor = Qt.CursorShape.OpenHandCursor if self.actual_size else Qt.CursorShape.ArrowCursor
        self.viewport().setCursor(cursor)

    @reported("layout")
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.relayout()

    @reported("wheel")
    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y() or event.angleDelta().x()
        self._wheel_rest += delta
        while abs(self._wheel_rest) >= _WHEEL_NOTCH:
            step = -1 if self._wheel_rest > 0 else 1  # wheel up: the previous photo
            self._wheel_rest += step * _WHEEL_NOTCH
            self.wheelStep.emit(step)
        event.accept()

    @reported("mouse")
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.actual_size and event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    @reported("mouse")
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None:
            super().mouseMoveEvent(event)
            return
        here = event.position().toPoint()
        moved = here - self._drag_from
        self._drag_from = here
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - moved.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - moved.y())
        event.accept()

    @reported("mouse")
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            self._apply_scroll_policy()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    @reported("mouse")
    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.doubleClicked.emit()
        event.accept()
