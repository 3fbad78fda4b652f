// Filled in with the stage.
