// Fixture (tests/build): a root header, as server/src/server_builder.h.
#pragma once
