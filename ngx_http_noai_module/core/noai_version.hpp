// The project's version, from the VERSION file at the top of the repository:
// CMake and nginx's build (./config) both pass it as -DNOAI_VERSION="x.y.z".
#pragma once

#include <string_view>

#ifndef NOAI_VERSION
#error "NOAI_VERSION is not defined: build through CMake or nginx's ./configure (./config)"
#endif

namespace noai {

inline constexpr std::string_view version = NOAI_VERSION;

}  // namespace noai
