"""PDF finishing, one small module per concern: the WeasyPrint compatibility layer, the screen and
print variants, PDF/X, crop marks, CMYK inks, colour spaces, document info."""
