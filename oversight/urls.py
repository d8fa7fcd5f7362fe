"""Every oversight page, one list per place the app is mounted (config/urls.py includes each with
its namespace); each part (complaints, inspections, statistics) keeps its paths beside its views:

- `public` ("oversight", at the site root): /complaints/ (file one, follow it by its tracking
  number), /inspections/ (campaigns, their draw proofs and results); the public statistics summary is a
  Wagtail page (cms.StatisticsPage);
- `regulator` ("oversight_regulator", under /regulator/oversight/): the complaint queue and
  cases, inspection campaigns, the statistics with charts and exports;
- `files` ("oversight_files", under /files/oversight/): complaint evidence.
"""
from .views import complaints, inspections, statistics

public = ([*complaints.public_urls, *inspections.public_urls], "oversight")
regulator = ([*complaints.regulator_urls, *inspections.regulator_urls, *statistics.regulator_urls],
             "oversight_regulator")
files = ([*complaints.files_urls], "oversight_files")
