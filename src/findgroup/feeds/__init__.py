"""Live public sources of meetings: Meeting Guide feeds, BMLT root servers, Open Referral APIs.

A subscription (subscriptions.py) names a feed; an update (update.py) fetches it and keeps the
last good copy in the data folder (copies.py); the converters (meeting_guide.py in importers,
bmlt.py, hsds.py, through convert.py) turn a copy into catalogue data that the store indexes
like any catalogue file. A search never fetches: it reads the store.
"""
