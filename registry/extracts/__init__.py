"""Signed extracts from the register: what an entry said at a moment, provably.

An extract is issued as a PDF that carries its canonical JSON content and an Ed25519 signature,
so the file alone can be checked offline against the register's published public keys; the
register also keeps every extract it issued (append-only) and shows at /verify/<id>/ whether one
is genuine and what the entry's status is now.
"""
