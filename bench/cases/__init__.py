"""The registered case modules. Imported by the harness after Django is set up.

To add a feature: write bench/cases/<feature>.py with generate(scale) and cases(scale), then register it
here. The scale factor sizes it against --scale (providers are the 1.0 reference).
"""

from bench.cases import providers
from bench.registry import register

register(providers, scale_factor=1.0)
