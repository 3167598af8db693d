"""The library: the façade people and the app use (``open_library``).

Flow: ``Library`` composes parts given what they use: ``state.ModelRow`` (the model's key
and catalog id) and ``index_cache.IndexCache`` (the HNSW cache kept agreeing with the
catalog); ``folders.FolderShelf`` tracks folders (``excluding`` forgets sub-folders);
``sync`` plans a run (``dir_stamps``, ``excludes``), ``indexer`` encodes what changed,
``watching`` applies a watcher's batches; ``browse.Photos`` serves the timeline and the
``trash``; ``copies.Duplicates`` finds copies (``duplicates``); ``check.Checker`` and
``status`` report and repair; ``model_switch`` builds a target model's vectors through the
open library (``Library.index_for``). The top room: it may import every other room; none
imports it.
"""
