"""Stage 3, figures: the house style, the cartography kit, the maps and charts, label placement."""
