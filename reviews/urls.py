"""Every reviews page, one list per place the app is mounted (config/urls.py includes each with
its namespace); each part of the app (reviews, credit, blacklist) keeps its paths beside its
views and they are joined here:

- `workspace` ("reviews", under /workspace/): the two sides' reviews and appeals, an agency's
  credit and its repair applications;
- `regulator` ("reviews_regulator", under /regulator/credit/): appeals, the rule set and its
  versions, credit records, the approving departments' ratings, the blacklist's proposals and
  reviews, repair applications;
- `files` ("reviews_files", under /files/credit/): blacklist evidence and repair proof.

The public credit pages (/credit/, /credit/blacklist/, /credit/redlist/, an agency's credit on
/agencies/<USCC>/) are Wagtail pages (cms) over reviews.selectors.
"""
from .views import blacklist, credit, department, reviews

workspace = ([*reviews.workspace_urls, *credit.workspace_urls, *blacklist.workspace_urls], "reviews")
regulator = ([*reviews.regulator_urls, *credit.regulator_urls, *department.regulator_urls,
              *blacklist.regulator_urls], "reviews_regulator")
files = ([*reviews.files_urls, *credit.files_urls, *blacklist.files_urls], "reviews_files")
