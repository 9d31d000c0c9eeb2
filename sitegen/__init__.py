"""Static site generator for the directory of regional vmbo-mbo-employer collaboration."""

__version__ = "0.1.0"
