"""Reading extracts: files → cell grids → typed canonical tables, with every issue found."""

from wfkpi.read.extract import Extract, ReadOptions, Source, Unread
from wfkpi.read.load import load_extract, locate
from wfkpi.read.mapping import Mapping, load_mapping

__all__ = ["Extract", "Mapping", "ReadOptions", "Source", "Unread", "load_extract", "load_mapping",
           "locate"]
