// The command line of a bench, through CLI11. The options every bench takes are declared here, once;
// a bench adds its own with Add (app() for flags and checks of its own), then calls Parse:
//
//   struct Config : CommonOptions { int reps = 3; };
//   Config config;
//   Options options("what the bench measures", &config);
//   options.AddReps(&config.reps);
//   options.Parse(argc, argv);
//
// Every bench takes (bench/run passes the first two, and --quick for its smoke run):
//   --data-dir DIR  required: a directory that is the bench's to use; bench/run removes it afterwards
//   --out FILE      where the markdown section goes (it is printed too)
//   --quick         a short smoke run: every option given a quick value takes it, unless it is given too
// and most take --reps N (AddReps), the rounds of every measurement.
#pragma once

#include <errno.h>  // program_invocation_short_name
#include <linux/magic.h>
#include <sys/statfs.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace regiotafel::bench {

// What every bench's Config holds (struct Config : CommonOptions {…}).
struct CommonOptions {
  std::string data_dir;  // --data-dir
  std::string out;       // --out; empty when not given
  bool quick = false;    // --quick
};

class Options {
 public:
  // `about`: what the bench measures, for --help; `common`: filled by Parse.
  Options(const std::string& about, CommonOptions* common) : app_(about, program_invocation_short_name) {
    app_.option_defaults()->always_capture_default();
    data_dir_option_ = app_.add_option("--data-dir", common->data_dir,
                                       "a directory that is the bench's to use (bench/run removes it)")
                           ->required();
    out_option_ = app_.add_option("--out", common->out, "the file the markdown section is written to");
    app_.add_flag("--quick", common->quick, "a short smoke run: the quick value of every option not given");
    quick_ = &common->quick;
  }
  Options(const Options&) = delete;
  Options& operator=(const Options&) = delete;

  // --name, into *value, whose value now is the default; with `quick`, --quick sets *value to it
  // unless --name is given too.
  template <class T>
  CLI::Option* Add(const std::string& name, T* value, const std::string& help,
                   std::optional<std::type_identity_t<T>> quick_value = std::nullopt) {
    CLI::Option* option = app_.add_option(name, *value, help);
    if (quick_value) {
      quick_values_.push_back([option, value, q = *quick_value] {
        if (option->count() == 0) *value = q;
      });
    }
    return option;
  }

  // --reps: the rounds of every measurement, at least 1; 1 with --quick.
  CLI::Option* AddReps(int* reps) {
    return Add("--reps", reps, "rounds of every measurement; the median is reported", 1)
        ->check(CLI::PositiveNumber);
  }

  // --out must be given.
  void RequireOut() { out_option_->required(); }

  // --data-dir must be on a disk: on tmpfs an fsync costs nothing, and the figures would mean nothing.
  void RequireDataDirOnDisk() {
    data_dir_option_->check(CLI::Validator(
        [](const std::string& dir) -> std::string {
          struct statfs fs;
          if (statfs(dir.c_str(), &fs) != 0) return "cannot stat " + dir;
          if (fs.f_type == TMPFS_MAGIC)
            return dir + " is tmpfs: fsync costs nothing there; use a directory on a disk";
          return "";
        },
        "DIR on a disk"));
  }

  CLI::App& app() { return app_; }

  // Parses the command line: on --help, or on a mistake, CLI11's answer and exit (0 for --help).
  void Parse(int argc, char** argv) {
    try {
      app_.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      std::exit(app_.exit(e));
    }
    if (*quick_) {
      for (const auto& set : quick_values_) set();
    }
  }

 private:
  CLI::App app_;
  CLI::Option* data_dir_option_;
  CLI::Option* out_option_;
  const bool* quick_;
  std::vector<std::function<void()>> quick_values_;
};

}  // namespace regiotafel::bench
