"""The Qt-free core of reader: fetch, extract, judge, store."""
