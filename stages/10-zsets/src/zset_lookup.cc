#include "zset_lookup.h"
