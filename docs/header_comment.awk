# Doxygen input filter: turns the plain "//" comment block that opens each libtax header into
# the file's documentation ("/// @file" + its text), so the headers need no Doxygen markup to
# describe themselves; and writes "<" in comments as "&lt;" so that placeholders such as
# cn/<year>.yaml are shown, not taken for HTML tags. Code passes through unchanged.
BEGIN { top = 1 }
/^[ \t]*\/\// { gsub(/</, "\\&lt;") }
top && /^\/\/[^\/]/ {
    if (!started) { print "/// @file"; started = 1 }
    sub(/^\/\/ ?/, "/// ")
    print
    next
}
top && /^\/\/$/ { if (started) { print "///"; next } }
{ top = 0; print }
