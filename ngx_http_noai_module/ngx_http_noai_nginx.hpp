// nginx's C headers, included once with C linkage for the C++ glue.
#pragma once

extern "C" {
#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>
}
