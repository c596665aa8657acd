# SPDX-License-Identifier: MIT
# Runs the built `parley` binary once and checks exit code and output.
# cmake -DPARLEY=<binary> -DCASE=<case> -DWORK=<scratch dir> -DVERSION=<x.y.z> -P cli_test.cmake
file(MAKE_DIRECTORY ${WORK})

function(expect_run expected_rc stdout_re stderr_re)
  execute_process(COMMAND ${PARLEY} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL expected_rc)
    message(FATAL_ERROR "parley ${ARGN}: exit ${rc}, expected ${expected_rc}\nstdout: ${out}\nstderr: ${err}")
  endif()
  if(NOT out MATCHES "${stdout_re}")
    message(FATAL_ERROR "parley ${ARGN}: stdout does not match '${stdout_re}':\n${out}")
  endif()
  if(NOT err MATCHES "${stderr_re}")
    message(FATAL_ERROR "parley ${ARGN}: stderr does not match '${stderr_re}':\n${err}")
  endif()
endfunction()

set(headers "To: <sip:bob@example.com>\r\nFrom: <sip:alice@example.com>;tag=1\r\nCall-ID: cli-test\r\nMax-Forwards: 70\r\nVia: SIP/2.0/UDP host.example.com;branch=z9hG4bK1\r\n")

if(CASE STREQUAL "version")
  expect_run(0 "^parley ${VERSION}\n$" "^$" version)
elseif(CASE STREQUAL "parse_valid")
  file(WRITE ${WORK}/valid.sip "OPTIONS sip:bob@example.com SIP/2.0\r\n${headers}CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
  expect_run(0 "\"method\": \"OPTIONS\"" "^$" parse ${WORK}/valid.sip)
elseif(CASE STREQUAL "parse_invalid")
  # CSeq names another method than the Request-Line (RFC 3261 §8.1.1.5).
  file(WRITE ${WORK}/invalid.sip "OPTIONS sip:bob@example.com SIP/2.0\r\n${headers}CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n")
  expect_run(2 "\"error\"" "^parley: [^\n]*invalid.sip:[0-9]+: Bad CSeq: " parse ${WORK}/invalid.sip)
elseif(CASE STREQUAL "parse_missing")
  expect_run(1 "^$" "^parley: cannot open " parse ${WORK}/does-not-exist.sip)
else()
  message(FATAL_ERROR "unknown case ${CASE}")
endif()
