# tanzim_embed(TARGET NAMESPACE SYMBOL FILE)
# Compiles FILE's bytes into TARGET as `std::string_view NAMESPACE::SYMBOL()`,
# regenerated whenever FILE changes, so data ships inside the one binary.
function(tanzim_embed target ns symbol file)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_${symbol}.cc)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DIN=${file} -DOUT=${out} -DNS=${ns} -DSYMBOL=${symbol}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
    DEPENDS ${file} ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
