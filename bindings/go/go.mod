module libtax.example/libtax

go 1.19
