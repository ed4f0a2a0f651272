"""The decree as code and data (Decree 30/2020/ND-CP on clerical work).

Pure functions over values: document types, số/ký hiệu, place-and-date lines, signing
authority blocks, Kính gửi / Nơi nhận lines, Vietnamese capitalisation, layout constants.
Nothing here imports the rest of `app`; everything else may import this package.
Validation helpers return lists of `Problem` (rule id, severity, Vietnamese message) so the
compliance checker and the drafting pipeline share one vocabulary.
"""
from .problems import Problem

__all__ = ["Problem"]
