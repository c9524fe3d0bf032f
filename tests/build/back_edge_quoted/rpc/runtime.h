// A fixture for the layer check (tests/build): the header the back-edge names.
#pragma once
