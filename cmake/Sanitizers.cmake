# ASan + UBSan for a Debug test run: cmake -DSTYLIST_SANITIZE=ON.
if(STYLIST_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
