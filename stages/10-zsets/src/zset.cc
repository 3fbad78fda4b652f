#include "zset.h"
