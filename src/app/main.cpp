// SPDX-License-Identifier: MIT
// The `parley` command line: one CLI11 subcommand per verb, each a thin call into parley_app.
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "app/parse_command.hpp"
#include "app/serve_command.hpp"
#include "app/user_command.hpp"
#include "app/version.hpp"

int main(int argc, char** argv) {
  CLI::App cli{"Parley SIP server"};
  cli.require_subcommand(1);

  CLI::App* version = cli.add_subcommand("version", "Print the version and exit");

  std::string parseFile;
  CLI::App* parse = cli.add_subcommand("parse", "Parse and validate one SIP message, print it as JSON");
  parse->add_option("FILE", parseFile, "File holding the raw message (one UDP datagram); - for stdin")->required();

  parley::app::ServeOptions serveOptions;
  CLI::App* serve = parley::app::addServeCommand(cli, serveOptions);

  parley::app::UserOptions userOptions;
  CLI::App* user = parley::app::addUserCommand(cli, userOptions);

  CLI11_PARSE(cli, argc, argv);

  if (*version) {
    std::cout << "parley " << parley::app::parleyVersion() << "\n";
    return 0;
  }
  if (*parse) return parley::app::runParseCommand(parseFile, std::cin, std::cout, std::cerr);
  if (*serve) return parley::app::runServeCommand(serveOptions);
  if (*user) return parley::app::runUserCommand(*user, userOptions, std::cin, std::cout, std::cerr);
  return 1;
}
