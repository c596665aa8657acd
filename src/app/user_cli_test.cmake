# SPDX-License-Identifier: MIT
# `parley user add|remove|list` end to end: exit codes, output, and what lands in the database
# (read back with the sqlite3 command; HA1s recomputed with `openssl dgst`, not with our code).
# cmake -DPARLEY=<binary> -DWORK=<scratch dir> -P user_cli_test.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(data ${WORK}/data)
set(db ${data}/parley.db)

# run(<expected rc> <stdin file or "">  args...): sets `out` and `err` in the caller.
function(run expected_rc input)
  set(stdin_args)
  if(input)
    set(stdin_args INPUT_FILE ${input})
  endif()
  execute_process(COMMAND ${PARLEY} ${ARGN} ${stdin_args} WORKING_DIRECTORY ${WORK}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE o ERROR_VARIABLE e)
  if(NOT rc EQUAL expected_rc)
    message(FATAL_ERROR "parley ${ARGN}: exit ${rc}, expected ${expected_rc}\nstdout: ${o}\nstderr: ${e}")
  endif()
  set(out "${o}" PARENT_SCOPE)
  set(err "${e}" PARENT_SCOPE)
endfunction()

function(expect_equal what actual expected)
  if(NOT "${actual}" STREQUAL "${expected}")
    message(FATAL_ERROR "${what}: got '${actual}', expected '${expected}'")
  endif()
endfunction()

function(sql query)
  execute_process(COMMAND sqlite3 -batch -noheader -separator " " ${db} "${query}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE o ERROR_VARIABLE e OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sqlite3 ${query}: exit ${rc}: ${e}")
  endif()
  set(rows "${o}" PARENT_SCOPE)
endfunction()

# hex digest of `text` with openssl's algorithm name (md5, sha256, sha512-256)
function(digest algorithm text)
  file(WRITE ${WORK}/digest-input "${text}")
  execute_process(COMMAND openssl dgst -${algorithm} -r ${WORK}/digest-input
                  RESULT_VARIABLE rc OUTPUT_VARIABLE o ERROR_VARIABLE e)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "openssl dgst -${algorithm}: ${e}")
  endif()
  string(REGEX REPLACE " .*" "" o "${o}")
  set(hex "${o}" PARENT_SCOPE)
endfunction()

# Listing a data folder that does not exist: nothing printed, nothing created.
run(0 "" user list --data-dir ${data})
expect_equal("list of no database" "${out}" "")
if(EXISTS ${db})
  message(FATAL_ERROR "user list created ${db}")
endif()

# add: the three HA1s, exactly H(user:realm:password) per algorithm, lower-case hex.
run(0 "" user add bob --realm biloxi.example.com --password secret --data-dir ${data})
expect_equal("add stdout" "${out}" "")
sql("SELECT realm, username, ha1_md5, ha1_sha256, ha1_sha512_256 FROM users")
digest(md5 "bob:biloxi.example.com:secret")
set(md5 ${hex})
digest(sha256 "bob:biloxi.example.com:secret")
set(sha256 ${hex})
digest(sha512-256 "bob:biloxi.example.com:secret")
set(sha512_256 ${hex})
expect_equal("stored row" "${rows}" "biloxi.example.com bob ${md5} ${sha256} ${sha512_256}")
if(NOT md5 MATCHES "^[0-9a-f]+$")
  message(FATAL_ERROR "openssl gave no digest: '${md5}'")
endif()
string(LENGTH "${md5}" n32)
string(LENGTH "${sha256}" n64a)
string(LENGTH "${sha512_256}" n64b)
expect_equal("HA1 lengths" "${n32} ${n64a} ${n64b}" "32 64 64")
# The one the issue names: printf 'bob:biloxi.example.com:secret' | md5sum
string(MD5 cmake_md5 "bob:biloxi.example.com:secret")
expect_equal("MD5 HA1 against CMake's MD5" "${md5}" "${cmake_md5}")

# The password from stdin (first line, newline not part of it); list sorted by realm, no secrets.
file(WRITE ${WORK}/password "pa ss\n")
run(0 ${WORK}/password user add alice --realm atlanta.example.com --password-stdin --data-dir ${data})
run(0 "" user list --data-dir ${data})
expect_equal("list" "${out}" "atlanta.example.com\talice\nbiloxi.example.com\tbob\n")
sql("SELECT ha1_md5 FROM users WHERE username = 'alice'")
digest(md5 "alice:atlanta.example.com:pa ss")
expect_equal("stdin password HA1" "${rows}" "${hex}")

# Adding again changes the password: one row, new HA1.
run(0 "" user add bob --realm biloxi.example.com --password other --data-dir ${data})
sql("SELECT count(*), ha1_md5 FROM users WHERE username = 'bob'")
digest(md5 "bob:biloxi.example.com:other")
expect_equal("changed password" "${rows}" "1 ${hex}")

# Usage errors.
run(2 "" user add carol --realm chicago.example.com --data-dir ${data})
if(NOT err MATCHES "password")
  message(FATAL_ERROR "no password: stderr '${err}'")
endif()
file(WRITE ${WORK}/empty "")
run(2 ${WORK}/empty user add carol --realm chicago.example.com --password-stdin --data-dir ${data})
execute_process(COMMAND ${PARLEY} user add carol --password x --data-dir ${data} RESULT_VARIABLE rc
                OUTPUT_QUIET ERROR_QUIET)
if(rc EQUAL 0)
  message(FATAL_ERROR "user add without --realm succeeded")
endif()
execute_process(COMMAND ${PARLEY} user add carol --realm r --password x --password-stdin --data-dir ${data}
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(rc EQUAL 0)
  message(FATAL_ERROR "user add with --password and --password-stdin succeeded")
endif()
sql("SELECT count(*) FROM users WHERE username = 'carol'")
expect_equal("no carol" "${rows}" "0")

# remove: 0 once, 1 when the user is not there.
run(0 "" user remove bob --realm biloxi.example.com --data-dir ${data})
run(1 "" user remove bob --realm biloxi.example.com --data-dir ${data})
if(NOT err MATCHES "no user bob in realm biloxi.example.com")
  message(FATAL_ERROR "remove of a missing user: stderr '${err}'")
endif()
run(0 "" user list --data-dir ${data})
expect_equal("list after remove" "${out}" "atlanta.example.com\talice\n")

# Without --data-dir the data folder of the configuration file is used, as for `parley serve`.
file(WRITE ${WORK}/parley.toml "[server]\ndata_dir = \"${WORK}/from-config\"\n")
run(0 "" user add dave --realm d.example.com --password pw)
if(NOT EXISTS ${WORK}/from-config/parley.db)
  message(FATAL_ERROR "user add ignored ./parley.toml's data_dir")
endif()
run(0 "" user list)
expect_equal("list from the configured folder" "${out}" "d.example.com\tdave\n")

# import: user:password lines (the password may hold ':'), comments and blank lines skipped; the
# stored MD5 HA1 is H(user:realm:password) of the whole password. A malformed line stores nothing.
set(imp ${WORK}/import)
file(WRITE ${WORK}/users.txt "# bulk\ncarol:c:1\n\nerin:e2\n")
run(0 "" user import ${WORK}/users.txt --realm i.example.com --data-dir ${imp})
expect_equal("import summary" "${out}" "2 user(s) imported into realm i.example.com\n")
run(0 "" user list --data-dir ${imp})
expect_equal("list after import" "${out}" "i.example.com\tcarol\ni.example.com\terin\n")
set(db ${imp}/parley.db)
sql("SELECT ha1_md5 FROM users WHERE username = 'carol'")
digest(md5 "carol:i.example.com:c:1")
expect_equal("imported MD5 HA1" "${rows}" "${hex}")
file(WRITE ${WORK}/bad.txt "frank:f\nno-password-here\n")
run(2 "" user import ${WORK}/bad.txt --realm i.example.com --data-dir ${imp})
if(NOT err MATCHES "bad.txt:2: expected user:password")
  message(FATAL_ERROR "import of a bad line: stderr '${err}'")
endif()
run(0 "" user list --data-dir ${imp})
expect_equal("nothing stored from a bad file" "${out}" "i.example.com\tcarol\ni.example.com\terin\n")
