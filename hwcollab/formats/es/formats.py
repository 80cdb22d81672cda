"""Spanish as New York writes it: Django's Spanish dates, US numbers.

Django's "es" formats are Spain's (52 340,50). Spanish-speaking New Yorkers, like Mexico and Puerto Rico, write
52,340.50, and the amounts are US dollars shown as "$52,340" in either language (docs/translation-strings.md).
"""

DATE_FORMAT = r"j \d\e F \d\e Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = r"j \d\e F \d\e Y, g:i A"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
SHORT_DATE_FORMAT = "m/d/Y"
SHORT_DATETIME_FORMAT = "m/d/Y g:i A"
FIRST_DAY_OF_WEEK = 0  # Sunday, as US calendars show it
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
