"""bpjs-desktop: the branch and regional office desk of BPJS Ketenagakerjaan."""

__version__ = "0.1.0"
APP_NAME = "bpjs-desktop"
