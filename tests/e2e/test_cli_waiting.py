"""A search over a library whose photos are listed but not all encoded (a run was stopped
after listing them) answers from what is encoded and says, on stderr, how many it could not
look at; ``status`` counts them; a finished run leaves nothing waiting."""

from __future__ import annotations

from pathlib import Path

import clipview
from clipview.core.progress import CancelToken, Phase
from tests.helpers.library_data import PALETTE, Cli, colour_folder


def test_search_and_status_say_what_is_still_waiting(tmp_path: Path, colour_bundle: Path) -> None:
    colour_folder(tmp_path / "photos")
    total = sum(PALETTE.values())
    token = CancelToken()
    with clipview.open_library(tmp_path / "home", colour_bundle, "cpu") as library:
        library.add_folder(tmp_path / "photos")
        for progress in library.index(token, batch_size=4):
            if progress.phase is Phase.ENCODING and progress.done:
                token.cancel()   # stopped after one batch: the rest is listed only
    cli = Cli(tmp_path / "home", colour_bundle)
    found = cli.run("search", "red", "-n", "3")
    assert found.stdout.strip() and "Traceback" not in found.stderr
    assert f"{total - 4} photos not encoded yet" in found.stderr
    assert cli.json("status")["waiting"] == total - 4
    assert f"{total - 4} listed and waiting to be encoded" in cli.run("status").stdout
    cli.run("index")
    assert cli.json("status")["waiting"] == 0
    assert "not encoded yet" not in cli.run("search", "red").stderr
