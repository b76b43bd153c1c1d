"""Framing feature extractors: scikit-learn transformers that also yield evidence."""
