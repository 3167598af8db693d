"""Media: reading files safely and turning them into pixels, facts and words.

Flow: ``scanner`` finds files and ``kinds`` says what each is; ``safe_read`` reads regular
files only, within bounds; ``preprocess`` decodes a photo (``raw`` for camera RAW, ``video``
for frames) under the process-wide ``decode_budget`` and prepares it for CLIP; ``meta``,
``details`` and ``words`` read what a file says about itself; ``hashing`` and
``file_stamp`` recognise a file again.
``thumb_cache`` keeps clipview's thumbnails on disk under a cap, least recently served out.
``shared_thumbs`` reads the desktop's shared thumbnails, when valid for a file, never writes.
Imports nothing above the core's own modules.
"""
