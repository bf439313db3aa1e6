# Copies the configured launchers into sim-bin with mode 0755 (cmake -P script; SRC, DST, NAMES given by -D).
foreach(name IN LISTS NAMES)
  file(COPY ${SRC}/${name} DESTINATION ${DST}
       FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  file(TOUCH_NOCREATE ${DST}/${name})
endforeach()
