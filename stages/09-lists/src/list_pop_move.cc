// (placeholder, filled in by the stage's work)
#include "list_pop_move.h"
