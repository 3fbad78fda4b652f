// (placeholder, filled in by the stage's work)
#include "list_lookup.h"
