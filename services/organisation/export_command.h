// ExportCommand: `regiotafel-<kind> exporteer FILE.xlsx|FILE.csv [--peildatum D] [--positie N]
// [--gemeente G]`, the dossier overview in the old administration's columns (administratie/overzicht.h)
// as the node computes it at that peildatum: an Excel workbook (a sheet "Dossiers" and a sheet saying
// what it is exact for) or CSV for Dutch Excel. The file is written whole or not at all, readable by
// its owner only (it names people).
//
// `exporteer te-vergeten FILE.xlsx|FILE.csv [--peildatum D] [--positie N]` writes the view te_vergeten
// (the dossiers past the bewaartermijn) the same way, as its view table (services/table/view_table.h).
//
// Exit code: 0 written; 1 the node refused the question (a bad peildatum); 2 an error (node, file).
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>
#include <vector>

#include "services/organisation/event_command.h"

namespace regiotafel::organisation {

// Accepts a file name ending in .xlsx or .csv (table::IsTablesFileName).
CLI::Validator TablesFileName();

class ExportCommand {
 public:
  // Adds `exporteer` to `app`; this object must outlive parsing and Run.
  explicit ExportCommand(CLI::App& app);
  ExportCommand(const ExportCommand&) = delete;
  ExportCommand& operator=(const ExportCommand&) = delete;

  bool chosen() const { return command_->parsed(); }
  // The request target, after parsing: "/api/v1/dossiers?peildatum=…".
  std::string Target() const;
  int Run(std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* command_ = nullptr;
  // After parsing: the file, and whether the view te_vergeten is asked instead of the overview.
  std::string Path() const { return args_.empty() ? "" : args_.back(); }
  bool TeVergeten() const { return args_.size() == 2 && args_.front() == "te-vergeten"; }

  std::vector<std::string> args_;  // [te-vergeten] FILE
  std::string peildatum_, position_, gemeente_;
  std::string node_url_ = kDefaultNode;
  std::string token_;
  int timeout_seconds_ = 300;
};

}  // namespace regiotafel::organisation
