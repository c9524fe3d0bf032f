// Fixture (tests/build): a module including the executable's wiring.
#pragma once

#include "server_builder.h"
