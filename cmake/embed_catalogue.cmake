# Turns a compiled catalogue (msgfmt's .mo) into a C++ byte array: csdesk carries its Chinese
# with it, so it needs neither an installed locale nor a catalogue file found at run time.
file(READ ${MO} hex HEX)
string(LENGTH "${hex}" length)
math(EXPR size "${length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT}.tmp "// Generated from po/zh_CN.po by msgfmt and cmake/embed_catalogue.cmake. Do not edit.\n#include <cstddef>\nextern const unsigned char csdesk_catalogue_zh[] = {\n${bytes}0};\nextern const std::size_t csdesk_catalogue_zh_size = ${size};\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
