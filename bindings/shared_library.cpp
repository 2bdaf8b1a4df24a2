// libtax_py.so: the library (libtax.a, linked whole) shared by every Python extension module, so
// that a process parses the built-in tables once (bindings/CMakeLists.txt). No code of its own.
