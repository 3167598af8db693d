"""Paints the grid: square photo tiles (centre-cropped thumbnails), section headers across the
whole row, an optional file name inside the tile, and the score as a badge on hover."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPixmap, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from clipview.core.media.kinds import is_video_name
from clipview.gui.ranking import badge_text
from clipview.gui.results_model import (
    HEADER_ROLE,
    PATH_ROLE,
    RESULT_ROLE,
    SCORE_ROLE,
    count_text,
)
from clipview.gui.thumbnails import ThumbnailLoader, placeholder, tier_for

Index = QModelIndex | QPersistentModelIndex
HEADER_HEIGHT = 34


class TileView(Protocol):
    """What the delegate reads of its view (``results_view.ResultsView``)."""

    tile: int
    thumbs: ThumbnailLoader

    def row_width(self) -> int: ...

    def devicePixelRatioF(self) -> float: ...


class TileDelegate(QStyledItemDelegate):
    """Sizes come from the view (tile side, row width) so every zoom has full rows."""

    def __init__(self, view: TileView, parent: QObject) -> None:
        super().__init__(parent)
        self.view = view
        self.show_labels = False

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        if index.data(HEADER_ROLE) is not None:
            return QSize(self.view.row_width(), HEADER_HEIGHT)
        side = self.view.tile
        return QSize(side, side)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        header = index.data(HEADER_ROLE)
        rect: QRect = option.rect
        painter.save()
        try:
            if header is not None:
                self._paint_header(painter, rect, header.label,
                                   count_text(header.count, header.videos), option)
            else:
                self._paint_tile(painter, rect, index, option)
        finally:
            painter.restore()

    def _paint_header(self, painter: QPainter, rect: QRect, label: str, count: str,
                      option: QStyleOptionViewItem) -> None:
        palette: QPalette = option.palette
        font = QFont(painter.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        painter.setFont(font)
        active = QPalette.ColorGroup.Active   # headers are not enabled items: not greyed
        painter.setPen(palette.color(active, QPalette.ColorRole.Text))
        text_rect = rect.adjusted(4, 0, -4, -2)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                         label)
        width = painter.fontMetrics().horizontalAdvance(label)
        font.setBold(False)
        font.setPointSizeF(font.pointSizeF() / 1.15 * 0.9)
        painter.setFont(font)
        painter.setPen(palette.color(active, QPalette.ColorRole.PlaceholderText))
        painter.drawText(text_rect.adjusted(width + 12, 0, 0, 0),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                         count)

    def _paint_tile(self, painter: QPainter, rect: QRect, index: Index,
                    option: QStyleOptionViewItem) -> None:
        path = str(index.data(PATH_ROLE))
        result = index.data(RESULT_ROLE)
        frame = result.frame_time if result is not None else None   # a video's best frame
        ratio = self.view.devicePixelRatioF()
        side = rect.width()
        pixmap = self.view.thumbs.pixmap(path, tier_for(int(side * ratio * 1.4)), frame)
        if pixmap is None:
            pixmap = placeholder(max(side, 1), self.view.thumbs.is_broken(path))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(QRectF(rect), pixmap, _cover(pixmap, rect))
        if is_video_name(path):
            paint_play_badge(painter, rect)
        state = option.state
        if state & QStyle.StateFlag.State_Selected:
            colour = QColor(option.palette.color(QPalette.ColorRole.Highlight))
            colour.setAlpha(90)
            painter.fillRect(rect, colour)
            colour.setAlpha(255)
            painter.setPen(colour)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
            painter.drawRect(rect.adjusted(2, 2, -3, -3))
        if self.show_labels:
            self._paint_label(painter, rect, str(index.data(Qt.ItemDataRole.DisplayRole)))
        score = index.data(SCORE_ROLE)
        if score is not None and result is not None and state & QStyle.StateFlag.State_MouseOver:
            self._paint_badge(painter, rect, badge_text(result))

    def _paint_label(self, painter: QPainter, rect: QRect, name: str) -> None:
        band = QRect(rect.left(), rect.bottom() - 19, rect.width(), 20)
        painter.fillRect(band, QColor(0, 0, 0, 150))
        painter.setPen(QColor(255, 255, 255))
        metrics = painter.fontMetrics()
        text = metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, band.width() - 8)
        painter.drawText(band.adjusted(4, 0, -4, 0), int(Qt.AlignmentFlag.AlignVCenter), text)

    def _paint_badge(self, painter: QPainter, rect: QRect, text: str) -> None:
        metrics = painter.fontMetrics()
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(rect.width() - 18, 1))
        width = metrics.horizontalAdvance(text) + 10
        badge = QRect(rect.right() - width - 4, rect.top() + 4, width, metrics.height() + 4)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(0, 0, 0, 170))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(badge, 6, 6)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), text)


PLAY_BADGE_MAX = 48   # px: a sign on the tile, not a cover over a large one


def paint_play_badge(painter: QPainter, rect: QRect) -> None:
    """A round dark badge with a white triangle in the tile's lower-left corner (a video),
    painted on the tile, not into the frame: the crop cannot cut it, the viewer shows the
    frame as it is."""
    side = min(PLAY_BADGE_MAX, max(12, min(rect.width(), rect.height()) // 4))
    margin = max(3, side // 5)
    left, top = rect.left() + margin, rect.bottom() - side - margin
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 160))
    painter.drawEllipse(left, top, side, side)
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawPolygon(QPolygonF([QPointF(left + side * 0.38, top + side * 0.28),
                                   QPointF(left + side * 0.38, top + side * 0.72),
                                   QPointF(left + side * 0.75, top + side * 0.5)]))
    painter.restore()


def _cover(pixmap: QPixmap, rect: QRect) -> QRectF:
    """The part of ``pixmap`` that fills ``rect`` without distortion (centre crop)."""
    width, height = float(pixmap.width()), float(pixmap.height())
    if width <= 0 or height <= 0 or rect.width() <= 0 or rect.height() <= 0:
        return QRectF(0, 0, max(width, 1), max(height, 1))
    target = rect.width() / rect.height()
    if width / height > target:
        crop = height * target
        return QRectF((width - crop) / 2, 0, crop, height)
    crop = width / target
    return QRectF(0, (height - crop) / 2, width, crop)
