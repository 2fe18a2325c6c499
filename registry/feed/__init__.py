"""The change feed of public data: its one home, below every door.

The events themselves are registry.models.ChangeEvent (one per change to an entry, a
manufacturer or a category), with the app's other models. Here:

- `states`: what of an entry, a manufacturer or a category is public, and the diff of two states;
- `recording`: `record()`, called last in the transaction that made the change; it sends
  `signals.event_recorded`, to which the webhooks and the API's stored entry documents
  subscribe (registry.apps), so the writer knows nothing of the doors that push events out
  (the documents are rendered by the receiver, inside the changing transaction);
- `reading`: an entry's public history, a manufacturer's, and pages of events after a cursor
  for mirroring. The API's change feed and the webhooks represent those pages
  (registry.api.feed); open data exports them.
"""
