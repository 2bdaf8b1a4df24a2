"""libtax.regimes: filled in by its issue. Everything listed in __all__ is re-exported by libtax."""
__all__: list = []
