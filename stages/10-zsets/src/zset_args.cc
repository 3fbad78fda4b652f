#include "zset_args.h"
