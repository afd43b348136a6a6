// jemalloc's settings for every program that links it (CMakeLists.txt: regiotafel_malloc): memory
// freed after a burst (a catch-up, the JSON of a large view) goes back to the system within a second
// rather than ten, from jemalloc's own background thread rather than from the threads that free it.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}
