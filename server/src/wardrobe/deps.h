// What the wardrobe logic classes are built from.
#pragma once

#include "db/pool.h"

namespace stylist::wardrobe {

struct Deps {
  db::Pool& pool;
};

}  // namespace stylist::wardrobe
