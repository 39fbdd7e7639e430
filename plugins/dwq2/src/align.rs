//! Pairwise alignment: Smith-Waterman (local) and Needleman-Wunsch (global).
