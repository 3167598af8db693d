"""A global budget of decoding memory bounds memory across the decode pool."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

from clipview.core.media.decode_budget import DecodeBudget
from clipview.core.media.decode_memory import decode_cost, reduction
from clipview.core.media.preprocess import decoded_photo
from tests.helpers.bad_files import palette_png_bomb

SIDE = 12000  # 144 MP per image


def test_eight_parallel_palette_bombs_stay_under_the_budget(tmp_path: Path) -> None:
    bomb = palette_png_bomb(tmp_path / "bomb_0.png", SIDE)
    assert bomb.stat().st_size < 64_000  # a tiny file...
    paths = [bomb] + [bomb.with_name(f"bomb_{n}.png") for n in range(1, 8)]
    for path in paths[1:]:
        path.write_bytes(bomb.read_bytes())
    with Image.open(bomb) as opened:
        cost = decode_cost(opened, reduction(opened.size, 224), oriented=False)
    budget = DecodeBudget(2 * cost + cost // 2)
    sizes = []

    def decode(path: Path) -> None:
        with decoded_photo(path, min_side=224, budget=budget) as photo:
            assert budget.in_use <= budget.total
            sizes.append(photo.width * photo.height)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(decode, paths))
    assert sizes == [SIDE * SIDE] * 8  # ...that decodes to 144 MP
    assert 2 * cost <= budget.peak <= budget.total  # two at once, never three
    assert budget.in_use == 0


def test_a_reservation_waits_while_the_budget_is_spent() -> None:
    budget = DecodeBudget(1000)
    first_in = threading.Event()
    release = threading.Event()
    order: list[str] = []

    def small() -> None:
        with budget.reserve(600):
            order.append("small in")
            first_in.set()
            release.wait(10)
            order.append("small out")

    holder = threading.Thread(target=small)
    holder.start()
    assert first_in.wait(10)
    big = threading.Thread(target=lambda: _big(budget, order))
    big.start()
    big.join(0.3)
    assert big.is_alive() and order == ["small in"]  # 600 + 500 is over the budget
    release.set()
    holder.join(10)
    big.join(10)
    assert order == ["small in", "small out", "big in"]


def _big(budget: DecodeBudget, order: list[str]) -> None:
    with budget.reserve(500) as taken:
        assert taken == 500 and budget.in_use == 500
        order.append("big in")


def test_budget_must_be_positive() -> None:
    with pytest.raises(ValueError):
        DecodeBudget(0)
